# syntax=docker/dockerfile:1.7
# The scheduler runner: `docker compose up --build` builds this image (BuildKit: the cache mount below).
# docker build --build-arg VCS_REF=$(git rev-parse --short HEAD) -t randomuser-etl .

# --- build: Maven through the wrapper. The local repository lives in a BuildKit cache mount, so
# --- dependencies are downloaded once and survive source changes (`dependency:go-offline` cannot
# --- pre-fetch a reactor whose modules depend on each other's snapshots).
FROM eclipse-temurin:17-jdk AS build
# The commit the jar reports in etl_build_info and the image in its OCI labels; the build context has no .git.
ARG VCS_REF=
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY etl-logging/pom.xml etl-logging/
COPY etl-core/pom.xml etl-core/
COPY etl-adapter-randomuser/pom.xml etl-adapter-randomuser/
COPY etl-adapter-postgres/pom.xml etl-adapter-postgres/
COPY etl-adapter-postgres-embedded/pom.xml etl-adapter-postgres-embedded/
COPY etl-adapter-archive/pom.xml etl-adapter-archive/
COPY etl-runner-scheduler/pom.xml etl-runner-scheduler/
COPY etl-runner-lambda/pom.xml etl-runner-lambda/
COPY etl-bench/pom.xml etl-bench/
COPY etl-logging/src etl-logging/src
COPY etl-core/src etl-core/src
COPY etl-adapter-randomuser/src etl-adapter-randomuser/src
COPY etl-adapter-postgres/src etl-adapter-postgres/src
COPY etl-adapter-postgres-embedded/src etl-adapter-postgres-embedded/src
COPY etl-adapter-archive/src etl-adapter-archive/src
COPY etl-runner-scheduler/src etl-runner-scheduler/src
# Tests run in CI (`./mvnw -B verify`); the image build only packages.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests -Detl.build.commit="${VCS_REF}" -pl etl-runner-scheduler -am package \
 && cp etl-runner-scheduler/target/randomuser-etl.jar /randomuser-etl.jar

# --- runtime: a JRE, a non-root user, nothing else but curl for the health check.
FROM eclipse-temurin:17-jre
ARG VERSION=0.1.0-SNAPSHOT
ARG VCS_REF=
LABEL org.opencontainers.image.title="randomuser-etl" \
      org.opencontainers.image.description="Loads users from the randomuser.me API into PostgreSQL every minute, exactly once" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${VCS_REF}" \
      org.opencontainers.image.base.name="eclipse-temurin:17-jre"
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 etl \
 && useradd --system --uid 10001 --gid etl --home-dir /app --shell /usr/sbin/nologin etl
WORKDIR /app
COPY --from=build /randomuser-etl.jar /app/randomuser-etl.jar
USER 10001:10001
# Container-aware: the heap is 75% of the container's memory limit, so size the limit, not -Xmx (README
# "Memory sizing": 256 MiB for ETL_USERS_PER_RUN up to 5,000). C1 only and the serial collector: short
# runs on 1-2 cores, where C2's compilations cost more CPU than they save and G1's footprint is not needed.
ENV ETL_HTTP_PORT=8080 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=128m -Xss512k -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
# Liveness, not readiness: a source or database outage makes the scheduler not ready, and a restart
# would not help it; /health/live fails only when the serve loop itself has died.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${ETL_HTTP_PORT}/health/live" > /dev/null || exit 1
ENTRYPOINT ["java", "-jar", "/app/randomuser-etl.jar"]
CMD ["serve"]
