# Python imports sitecustomize at start-up. MotoServer puts this directory on PYTHONPATH of the
# moto_server it starts, so moto answers ECS deployments the way AWS does (ecs_deployer_moto.py).
import ecs_deployer_moto  # noqa: F401
