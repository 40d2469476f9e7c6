"""The hanke vocabulary and its code lists, shipped with kemi-lod as package data."""
