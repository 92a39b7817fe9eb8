# Sourced by the Makefile before the commands that read settings (`make run`, `make shell`,
# `make prod`, `make store`, ...): exports the non-empty settings of .env (see .env.example)
# that the environment does not already set. Values are taken literally, never evaluated.
if [ -f .env ]; then
  while IFS='=' read -r key value || [ -n "$key" ]; do
    if [[ $key =~ ^[A-Z][A-Z0-9_]*$ && -n $value && -z ${!key:-} ]]; then
      export "$key=$value"
    fi
  done < .env
fi
