# A small C extension module for test_platform.py (built with setuptools in a virtualenv).
from setuptools import Extension, setup

setup(name='spam', version='1.0', ext_modules=[Extension('spam', ['spam.c'])])
