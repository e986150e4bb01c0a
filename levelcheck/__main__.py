from levelcheck.cli import run

run()
