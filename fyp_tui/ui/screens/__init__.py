"""Screens of the fyp app."""
