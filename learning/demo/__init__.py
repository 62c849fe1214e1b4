"""Demo data: a small realistic set made through the services, and bulk students for benchmarks."""

from .journey import DEMO_PASSWORD, seed_demo
from .scale import seed_scale

__all__ = ["DEMO_PASSWORD", "seed_demo", "seed_scale"]
