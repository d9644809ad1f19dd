# Read a Makefile, write it with every recipe line that links ($(BLDSHARED) or $(LINKCC), on any
# of its continuation lines) marked recursive with '+': make then leaves the line its jobserver,
# which GCC's -flto uses for its partitions. Lines already marked are left as they are.
# Used by compile-python.sh (recipe change lto-jobserver); no values come from anywhere else.
{
  line[++n] = $0
  if (!cont && substr($0, 1, 1) == "\t") {
    recipe = 1
    first = n
    links = 0
  } else if (!cont) {
    recipe = 0
  }
  if (recipe && (index($0, "$(BLDSHARED)") || index($0, "$(LINKCC)"))) {
    links = 1
  }
  cont = ($0 ~ /\\$/)
  if (recipe && !cont && links && line[first] !~ /^\t[-@]*\+/) {
    sub(/^\t/, "\t+", line[first])
  }
}
END {
  for (i = 1; i <= n; i++) {
    print line[i]
  }
}
