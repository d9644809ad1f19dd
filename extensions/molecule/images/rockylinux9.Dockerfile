FROM geerlingguy/docker-rockylinux9-ansible:latest
CMD ["sleep", "infinity"]
