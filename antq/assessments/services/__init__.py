"""Writes of the assessment cycle, one service per step (see each module)."""
