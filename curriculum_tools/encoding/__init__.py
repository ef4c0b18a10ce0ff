"""Helpers of :mod:`curriculum_tools.fix_encoding`: code pages, legacy decoding, Korean models."""
