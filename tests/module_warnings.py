# -*- coding: utf-8 -*-
"""Warning texts of a module result."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def warnings(result):
    """ansible-core 2.19 wraps each warning in an event dict; older releases give strings."""
    return [w['event']['msg'] if isinstance(w, dict) else w for w in result.get('warnings', [])]
