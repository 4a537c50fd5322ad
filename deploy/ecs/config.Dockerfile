# syntax=docker/dockerfile:1
# The Tinkr gateway image with your config baked in as a read-only layer: ECS Fargate cannot mount
# a single file from the host, and the task's root file system is read-only.
#   docker build -f deploy/ecs/config.Dockerfile --build-arg GATEWAY_IMAGE=tinkr-gateway:1.0 \
#     -t <account>.dkr.ecr.<region>.amazonaws.com/tinkr-gateway:1.0-config1 path/to/folder/with/tinkr.toml
ARG GATEWAY_IMAGE=tinkr-gateway:latest
FROM ${GATEWAY_IMAGE}
COPY --chown=root:root --chmod=0444 tinkr.toml /etc/tinkr/tinkr.toml
