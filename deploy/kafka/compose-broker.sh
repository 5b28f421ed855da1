#!/usr/bin/env bash
# Starts the broker of deploy/docker-compose.yml in Apache Kafka's image, in place of the image's own
# start script, which cannot create a SCRAM user: the broker signs in to itself as admin, and only
# admin may create the other users, so admin's credentials must be in the storage before the first
# start (StorageTool format --add-scram), as the launcher's --secure broker does it.
#
# Reads compose-broker.properties (mounted at /etc/conveyor/kafka/server.properties) and, from the
# compose secrets under /run/secrets, the keystores' password and admin's password. Passwords go into
# files readable by this container's user only, never onto a command line.
set -euo pipefail
umask 077

readonly SECRETS=/run/secrets
readonly CONFIG=/opt/kafka/config/server.properties
# The healthcheck's client settings: it asks the broker for its API versions, as admin.
readonly ADMIN_CLIENT=/opt/kafka/config/admin-client.properties
readonly DATA=/var/lib/kafka/data

store=$(<"$SECRETS/kafka-store.password")
admin=$(<"$SECRETS/kafka-admin.password")
if [[ -z $store || -z $admin ]]; then
  echo "compose-broker: $SECRETS/kafka-store.password or kafka-admin.password is empty; run ./conveyor secrets --run-dir deploy/secrets" >&2
  exit 1
fi
jaas="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"$admin\";"

{
  cat /etc/conveyor/kafka/server.properties
  echo
  echo "# Added by compose-broker.sh from /run/secrets"
  echo "ssl.keystore.password=$store"
  echo "ssl.key.password=$store"
  echo "listener.name.internal.scram-sha-512.sasl.jaas.config=$jaas"
} >"$CONFIG"
printf '%s\n' security.protocol=SASL_SSL ssl.truststore.type=PEM "ssl.truststore.location=$SECRETS/kafka-ca.pem" \
  sasl.mechanism=SCRAM-SHA-512 "sasl.jaas.config=$jaas" >"$ADMIN_CLIENT"

if [[ ! -f $DATA/meta.properties ]]; then
  cluster_id=$(/opt/kafka/bin/kafka-storage.sh random-uuid | tail -n 1)
  echo "compose-broker: formatting $DATA (cluster id $cluster_id) with the SCRAM credentials of admin"
  # The JVM reads the arguments from this file (java @file), so the password is on no command line.
  args=$(mktemp)
  trap 'rm -f "$args"' EXIT
  printf '"%s"\n' kafka.tools.StorageTool format --cluster-id "$cluster_id" --config "$CONFIG" \
    --add-scram "SCRAM-SHA-512=[name=admin,password=$admin]" >"$args"
  /opt/kafka/bin/kafka-run-class.sh "@$args"
  rm -f "$args"
  trap - EXIT
fi

exec /opt/kafka/bin/kafka-server-start.sh "$CONFIG"
