class UnreadableFileError(Exception):
    """The file (or a table in it) cannot be read. str(error) is a message for a person."""
