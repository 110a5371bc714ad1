"""What a change does to what the team knows: the two sides, the comparison, its formats."""
