"""Project scripts; ``scripts.codegen`` holds the generators that read the spec."""
