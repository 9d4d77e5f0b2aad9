"""The DfE's published files (and the other publishers' files sefbook reads), read into the one
canonical table; the indicator registry that says how."""
