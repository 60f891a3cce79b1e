"""Benchmarks of Frontline KG (issue 7): they print figures as ratios against baselines measured in the same run."""
