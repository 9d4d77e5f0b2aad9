"""The parts of scripts/make_example_data.py: the fictional areas, the seeded stories and their
draws (world), rounding as the publications do, one module per publication or theme, and the
files written."""
