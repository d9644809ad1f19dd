# -*- coding: utf-8 -*-
"""build_plan as the tests call it: the settings as keyword arguments (module_utils/build_plan's
PlanSettings checks them), ``state`` and ``installed`` as build_plan takes them."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.connect_ops.interpreters.plugins.module_utils.builds.build_plan import (
    PlanSettings,
    build_plan,
)


def plan_of(versions, root, source_url, checksums=None, state=None, installed=(), **settings):
    return build_plan(versions, PlanSettings(root, source_url, checksums=checksums, **settings),
                      state=state, installed=installed)
