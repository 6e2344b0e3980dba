from prepdeck.entry import run

run()
