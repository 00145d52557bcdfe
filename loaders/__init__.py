"""Turning regulation text into typed facts: structure (parse), duties (extract), concepts."""
