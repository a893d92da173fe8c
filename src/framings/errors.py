"""The one exception (and warning) class of framings."""


class CorpusError(ValueError):
    """Bad input: the message names the file or metadata row and says what to do."""


class CorpusWarning(UserWarning):
    """Something was skipped or defaulted; the message says what and why."""
