"""Date-time formats per language (FORMAT_MODULE_PATH): the portal's one format of a time."""
