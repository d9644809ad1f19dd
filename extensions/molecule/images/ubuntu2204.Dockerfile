FROM geerlingguy/docker-ubuntu2204-ansible:latest
CMD ["sleep", "infinity"]
