# -*- coding: utf-8 -*-
"""The newcomer's house (issue 42): the README stays short and points at every guide, every guide
is one of the collection's extra docs (docs/docsite) and on the docs site, and the contents page
names every playbook, role and plugin - so a new plugin cannot ship without saying whether users
build on it."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
GUIDE = os.path.join(ROOT, 'docs', 'docsite', 'rst')
LABEL = '.. _ansible_collections.connect_ops.interpreters.docsite.%s:'


def read(*parts):
    with open(os.path.join(ROOT, *parts), encoding='utf-8') as f:
        return f.read()


def plugins():
    found = []
    for kind, folder in (('module', 'modules'), ('filter', 'filter'), ('lookup', 'lookup'),
                         ('action', 'action')):
        for name in sorted(os.listdir(os.path.join(ROOT, 'plugins', folder))):
            stem, ext = os.path.splitext(name)
            if name.startswith('_') or ext not in ('.py', '.yml'):
                continue
            if kind == 'filter' and ext == '.py':
                continue  # a filter file holds several filters: each has its own .yml
            if kind == 'action' and not os.path.exists(os.path.join(ROOT, 'plugins', 'modules', name)):
                continue  # an action plugin without its module's docs is not a public face
            if kind == 'module' and os.path.exists(os.path.join(ROOT, 'plugins', 'action', name)):
                kind_here = 'action'  # runs on the controller; its docs live in plugins/modules
            else:
                kind_here = kind
            found.append((kind_here, stem))
    return sorted(set(found))


@pytest.mark.parametrize('kind, name', plugins())
def test_the_contents_page_names_every_plugin(kind, name):
    text = read('docs', 'docsite', 'rst', 'contents.rst')
    assert '%s ``connect_ops.interpreters.%s``' % (kind, name) in text, \
        '%s %s is missing from docs/docsite/rst/contents.rst: add it (to build on, or plumbing)' % (
            kind, name)


def test_the_contents_page_names_every_role_and_playbook():
    text = read('docs', 'docsite', 'rst', 'contents.rst')
    for role in os.listdir(os.path.join(ROOT, 'roles')):
        assert '``connect_ops.interpreters.%s``' % role in text, role
    for playbook in os.listdir(os.path.join(ROOT, 'playbooks')):
        if playbook.endswith('.yml'):
            assert '``connect_ops.interpreters.%s``' % playbook[:-4] in text, playbook


def guides():
    return sorted(name[:-4] for name in os.listdir(GUIDE) if name.endswith('.rst'))


def test_every_guide_is_an_extra_doc_with_its_label_and_on_the_site():
    """antsibull-docs renders only what extra-docs.yml lists, links pages by their labels, and
    the docs site's own index shows the same sections."""
    import yaml
    listed = [page for section in yaml.safe_load(read('docs', 'docsite', 'extra-docs.yml'))['sections']
              for page in section['toctree']]
    assert sorted(listed) == guides(), 'docs/docsite/extra-docs.yml and docs/docsite/rst differ'
    assert len(set(listed)) == len(listed)
    index = read('docs', 'site', 'index.rst')
    for stem in listed:
        assert read('docs', 'docsite', 'rst', stem + '.rst').startswith(LABEL % stem + '\n'), stem
        assert 'collections/connect_ops/interpreters/docsite/%s\n' % stem in index, \
            '%s is not in the site index (docs/site/index.rst)' % stem


def test_the_readme_is_short_and_maps_every_guide():
    readme = read('README.md')
    assert len(readme.splitlines()) <= 250
    for stem in guides():
        assert '](docs/docsite/rst/%s.rst)' % stem in readme, 'the README does not link %s' % stem


def test_cross_references_name_existing_guides():
    known = guides()
    for stem in known:
        text = read('docs', 'docsite', 'rst', stem + '.rst')
        assert '.md#' not in text and '.md>' not in text, stem
        for target in re.findall(r'<ansible_collections\.connect_ops\.interpreters\.docsite\.(\w+)>', text):
            assert target in known, '%s links %s, which is no guide' % (stem, target)


def test_the_readmes_links_to_files_exist():
    for target in re.findall(r'\]\(([^)#\s]+)(?:#[^)]*)?\)', read('README.md')):
        if not re.match(r'^[a-z]+:', target):
            assert os.path.exists(os.path.join(ROOT, target)), target


def role_variables():
    import yaml
    names = set()
    for role in os.listdir(os.path.join(ROOT, 'roles')):
        spec = yaml.safe_load(read('roles', role, 'meta', 'argument_specs.yml'))
        for entry in spec['argument_specs'].values():
            names.update(entry.get('options') or {})
    return names


def playbook_reads():
    """Each variable a playbook reads with a default (not an attribute, nor a fact of the
    playbook's own: those start with an underscore), and the playbook it is read in."""
    found = {}
    folder = os.path.join(ROOT, 'playbooks')
    texts = []
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            if name.endswith(('.yml', '.j2')):
                with open(os.path.join(dirpath, name), encoding='utf-8') as f:
                    texts.append((name, f.read()))
    for name, text in texts:
        for var in re.findall(r'(?<![.\w])([a-z_][a-z0-9_]*)\s*\|\s*default\(', text):
            if not var.startswith('_'):
                found.setdefault(var, name)
    return found


def test_every_variable_a_playbook_reads_is_documented():
    page = read('docs', 'docsite', 'rst', 'playbook_variables.rst')
    documented = set(re.findall(r'^   \* - ``([a-z_][a-z0-9_]*)``$', page, re.M)) | role_variables()
    reads = playbook_reads()
    missing = sorted('%s (%s)' % (var, where) for var, where in reads.items()
                     # report.yml's facts for its fleet view, set on each host
                     if var not in documented and not var.startswith('report_fleet'))
    assert not missing, 'document these in docs/docsite/rst/playbook_variables.rst: %s' % missing


def contents_sections():
    """{'build on': [(kind, name)], 'plumbing': [(kind, name)]} from the contents page."""
    text = read('docs', 'docsite', 'rst', 'contents.rst')
    build_on = text.split('Plugins to build on\n')[1].split('Role plumbing')[0]
    plumbing = text.split('Role plumbing')[1]
    pattern = r'\* - (module|filter|lookup|action) ``connect_ops\.interpreters\.(\w+)``'
    return {'build on': re.findall(pattern, build_on), 'plumbing': re.findall(pattern, plumbing)}


def description_of(kind, name):
    """The first paragraph of a plugin's own documentation (what ansible-doc shows first)."""
    import yaml
    if kind == 'filter':
        docs = yaml.safe_load(read('plugins', 'filter', name + '.yml'))['DOCUMENTATION']
    else:
        source = read('plugins', 'modules' if kind in ('module', 'action') else kind, name + '.py')
        docs = yaml.safe_load(source.split("DOCUMENTATION = r'''")[1].split("'''")[0])
    description = docs['description']
    return description[0] if isinstance(description, list) else description


def test_plumbing_says_so_in_its_own_docs_and_the_rest_does_not():
    """Issue 42, item 4: a reader of a plugin's own page (ansible-doc) knows whether to build on
    it: role plumbing says so first; the plugins to build on do not."""
    sections = contents_sections()
    assert len(sections['plumbing']) >= 5 and len(sections['build on']) >= 10, sections
    for kind, name in sections['plumbing']:
        assert description_of(kind, name).startswith('Role plumbing - '), (kind, name)
    for kind, name in sections['build on']:
        assert not description_of(kind, name).startswith('Role plumbing'), (kind, name)
