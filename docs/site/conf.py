# Sphinx configuration of the collection's docs site (make docs). Started from
# `antsibull-docs sphinx-init`; the user guide pages include their Markdown (guide/*.md, myst),
# which is also readable on its own in the repository.
project = 'connect_ops.interpreters'
copyright = 'connect_ops contributors'
title = 'connect_ops.interpreters'
html_short_title = 'connect_ops.interpreters'

extensions = ['sphinx.ext.autodoc', 'sphinx_antsibull_ext', 'myst_parser']

pygments_style = 'ansible'
highlight_language = 'YAML+Jinja'

html_theme = 'sphinx_ansible_theme'
html_show_sphinx = False
display_version = False
html_use_smartypants = True
html_use_modindex = False
html_use_index = False
html_copy_source = False
html_theme_options = {'collapse_navigation': False, 'display_version': False}

# Offline: no intersphinx inventories are fetched.
intersphinx_mapping = {}

default_role = 'any'
nitpicky = True

# The guides' headings are their anchors (#install ...), as on GitHub.
myst_heading_anchors = 3
# The guides link files of the repository (CONTRIBUTING.md, plugins/...) that are not pages of
# the site; those links stay as text. Every other warning fails the build.
suppress_warnings = ['myst.xref_missing']
# The included guides start at their "##" headings.
suppress_warnings.append('myst.header')
# Each guide page (guide/NAME.rst) includes its Markdown (guide/NAME.md), not a page of its own.
exclude_patterns = ['guide/*.md']
