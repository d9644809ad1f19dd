FROM geerlingguy/docker-ubuntu2404-ansible:latest
CMD ["sleep", "infinity"]
