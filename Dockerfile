# Production image: built with the Maven wrapper, run on a JRE 21 as a non-root user,
# from the jar's layers, leaving out the embedded-servers layer (no database binaries).
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY tracking-domain/pom.xml tracking-domain/
COPY tracking-application/pom.xml tracking-application/
COPY tracking-infrastructure/pom.xml tracking-infrastructure/
COPY tracking-api/pom.xml tracking-api/
RUN ./mvnw -B -q dependency:go-offline
COPY . .
RUN ./mvnw -B -q -DskipTests package \
 && java -Djarmode=tools -jar tracking-api/target/volcanion-tracking.jar extract --layers --destination /layers

FROM eclipse-temurin:21-jre
RUN groupadd --system tracking && useradd --system --gid tracking --home /app tracking \
 && apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER tracking
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS http://localhost:8080/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "volcanion-tracking.jar"]
