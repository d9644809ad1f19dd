# EL 8's python3 is 3.6, which ansible-core 2.17+ cannot run modules with: add 3.11, which
# Ansible's interpreter discovery prefers.
FROM geerlingguy/docker-rockylinux8-ansible:latest
RUN dnf -y install python3.11 && dnf clean all
CMD ["sleep", "infinity"]
