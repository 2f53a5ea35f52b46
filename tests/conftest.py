"""Shared test set-up."""

import os

