"""Python helpers of the MSE health-inequalities warehouse: generate, validate, load, bench."""
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
