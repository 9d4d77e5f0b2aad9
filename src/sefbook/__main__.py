from sefbook.cli import run

run()
