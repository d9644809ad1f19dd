# Leap 15's python3 is 3.6: add 3.11 for Ansible's modules, and what the scenarios use.
FROM opensuse/leap:15.6
RUN zypper --non-interactive install --no-recommends python311 sudo procps ca-certificates \
    && zypper clean --all
CMD ["sleep", "infinity"]
