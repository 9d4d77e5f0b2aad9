"""The council's own child-level returns (SSDA903, CIN census, Annex A): read, checked and counted."""
