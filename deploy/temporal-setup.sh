#!/bin/sh
# One-shot Temporal setup for the Motcua production stack (docker-compose.yml, service `temporal-setup`; runs in
# temporalio/admin-tools with the `temporal` CLI): makes sure the namespace exists and registers the custom
# search attributes of config/search-attributes.ts. Idempotent: safe to run on every `docker compose up`.
# Env: TEMPORAL_ADDRESS (host:port), TEMPORAL_NAMESPACE (default "default"), TEMPORAL_NAMESPACE_RETENTION (30d).
set -eu

ADDRESS="${TEMPORAL_ADDRESS:-temporal:7233}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
RETENTION="${TEMPORAL_NAMESPACE_RETENTION:-30d}"

# Keep in step with SEARCH_ATTRIBUTE_DEFINITIONS in config/search-attributes.ts (Name=Type).
SEARCH_ATTRIBUTES="DossierStatus=Keyword ReceivingBranchId=Keyword DepartmentId=Keyword ProcedureCode=Keyword DueAt=Datetime"

echo "Waiting for Temporal at $ADDRESS..."
attempt=0
until temporal operator cluster health --address "$ADDRESS" >/dev/null 2>&1; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 60 ]; then
    echo "Temporal at $ADDRESS is not healthy after $attempt attempts" >&2
    exit 1
  fi
  sleep 2
done
echo "Temporal is serving."

if temporal operator namespace describe --namespace "$NAMESPACE" --address "$ADDRESS" >/dev/null 2>&1; then
  echo "Namespace $NAMESPACE exists."
else
  echo "Creating namespace $NAMESPACE (retention $RETENTION)..."
  if ! out=$(temporal operator namespace create --namespace "$NAMESPACE" --retention "$RETENTION" --address "$ADDRESS" 2>&1); then
    case "$out" in
      *"already exists"*) echo "Namespace $NAMESPACE already exists." ;;
      *) echo "$out" >&2; exit 1 ;;
    esac
  fi
  # A new namespace takes a moment to reach every frontend's cache.
  attempt=0
  until temporal operator namespace describe --namespace "$NAMESPACE" --address "$ADDRESS" >/dev/null 2>&1; do
    attempt=$((attempt + 1))
    [ "$attempt" -lt 30 ] || { echo "Namespace $NAMESPACE not visible after creation" >&2; exit 1; }
    sleep 1
  done
fi

# Registers one search attribute; a namespace created moments ago may still be "not found" here until the
# server's namespace cache refreshes (about 10 s), so transient errors are retried.
create_search_attribute() {
  name="$1"; type="$2"; attempt=0
  while :; do
    if out=$(temporal operator search-attribute create --namespace "$NAMESPACE" --name "$name" --type "$type" --address "$ADDRESS" 2>&1); then
      echo "Search attribute $name ($type): ok"; return 0
    fi
    case "$out" in
      # Same name with another type: the workflows would fail to upsert it, so stop here.
      *"different type"*) echo "$out" >&2; return 1 ;;
      *"already exists"*) echo "Search attribute $name ($type): already exists"; return 0 ;;
    esac
    attempt=$((attempt + 1))
    if [ "$attempt" -ge 30 ]; then echo "$out" >&2; return 1; fi
    echo "Search attribute $name: not yet ($(echo "$out" | tail -n 1)); retrying"
    sleep 2
  done
}

for pair in $SEARCH_ATTRIBUTES; do
  create_search_attribute "${pair%%=*}" "${pair#*=}"
done
echo "Temporal setup complete for namespace $NAMESPACE."
