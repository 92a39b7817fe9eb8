"""Measurements: make bench (bench.py, the running assistant), make bench-turn (bench_turn.py,
one turn in process) and bench_action.py (the action's own work). They print; they assert
nothing."""
