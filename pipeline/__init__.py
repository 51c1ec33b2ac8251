"""raadslens: what Dutch councils decide, ask, plan and measure about a policy theme."""

__version__ = "0.1.0"
