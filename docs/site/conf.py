# Sphinx configuration of the collection's docs site (make docs). Started from
# `antsibull-docs sphinx-init`; the guides are the collection's extra docs (docs/docsite), which
# antsibull-docs renders next to the plugin and role pages.
project = 'connect_ops.interpreters'
copyright = 'connect_ops contributors'
title = 'connect_ops.interpreters'
html_short_title = 'connect_ops.interpreters'

extensions = ['sphinx.ext.autodoc', 'sphinx_antsibull_ext']

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
