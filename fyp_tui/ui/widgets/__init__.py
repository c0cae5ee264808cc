"""Widgets of the fyp app."""
