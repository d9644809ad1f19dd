# -*- coding: utf-8 -*-
"""Property tests: every answer obeys Connect's rules; the stdlib range evaluator agrees
with ``packaging`` (the PEP 440 reference implementation)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from hypothesis import given, settings, strategies as st
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from ansible_collections.connect_ops.interpreters.plugins.module_utils.cpython.python_version import (
    VersionRange,
    parse_version,
    select,
)

pre = st.one_of(st.just(''), st.builds(lambda t, n: '%s%d' % (t, n),
                                       st.sampled_from(['a', 'b', 'rc']), st.integers(0, 3)))
versions = st.builds(lambda ma, mi, mc, p: '%d.%d.%d%s' % (ma, mi, mc, p),
                     st.integers(2, 3), st.integers(0, 13), st.integers(0, 20), pre)
candidate_lists = st.lists(versions, max_size=12)


@settings(max_examples=400)
@given(versions, candidate_lists)
def test_major_minor_answer_obeys_the_rules(requested, candidates):
    index = select(requested, candidates, 'major-minor')
    req = parse_version(requested)
    parsed = [parse_version(c) for c in candidates]
    same = [v for v in parsed if v.series == req.series]
    if index is None:
        assert not same, 'a same MAJOR.MINOR candidate existed but nothing was chosen'
        return
    got = parsed[index]
    assert got.series == req.series
    assert candidates.index(candidates[index]) == index or parsed.index(got) == index
    if req in parsed:
        assert got == req
    elif any(v > req for v in same):
        assert got == min(v for v in same if v > req)
    else:
        assert got == max(same)
        assert all(v < req for v in same)


@settings(max_examples=300)
@given(versions, candidate_lists)
def test_exact_means_equal(requested, candidates):
    index = select(requested, candidates, 'exact')
    req = parse_version(requested)
    if index is None:
        assert req not in [parse_version(c) for c in candidates]
    else:
        assert parse_version(candidates[index]) == req


@settings(max_examples=300)
@given(versions, candidate_lists)
def test_exact_answer_is_also_the_major_minor_answer_when_present(requested, candidates):
    exact = select(requested, candidates, 'exact')
    if exact is not None:
        assert select(requested, candidates, 'major-minor') == exact


spec_versions = st.builds(lambda ma, mi, mc, p: '%d.%d.%d%s' % (ma, mi, mc, p),
                          st.integers(2, 3), st.integers(0, 13), st.integers(0, 20), pre)
short_spec_versions = st.builds(lambda ma, mi: '%d.%d' % (ma, mi), st.integers(2, 3),
                                st.integers(0, 13))
clauses = st.one_of(
    st.builds(lambda op, v: op + v, st.sampled_from(['>=', '<=', '<', '>', '==', '!=', '~=']),
              st.one_of(spec_versions, short_spec_versions)),
    st.builds(lambda op, v: '%s%s.*' % (op, v), st.sampled_from(['==', '!=']),
              st.one_of(short_spec_versions, st.integers(2, 3).map(str))),
)
specs = st.lists(clauses, min_size=1, max_size=3).map(','.join)


@settings(max_examples=600)
@given(specs, versions)
def test_stdlib_ranges_agree_with_packaging(spec, version):
    ours = VersionRange(spec).contains(version, use_packaging=False)
    # Documented choice: pre-releases only when the range names one.
    names_pre = any(t in spec for t in ('a', 'b', 'rc'))
    reference = SpecifierSet(spec).contains(Version(version), prereleases=True) and (
        names_pre or not Version(version).is_prerelease)
    assert ours is reference, (spec, version)


@settings(max_examples=300)
@given(specs, candidate_lists)
def test_range_answer_is_newest_inside(spec, candidates):
    index = select(spec, candidates)
    inside = [parse_version(c) for c in candidates if VersionRange(spec).contains(c)]
    if index is None:
        assert not inside
    else:
        assert parse_version(candidates[index]) == max(inside)
