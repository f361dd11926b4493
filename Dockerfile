# The server, built from this repository: `docker compose up` (compose.yaml) builds it.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -ntp -pl server -am package -DskipTests

FROM eclipse-temurin:17-jre
COPY --from=build /src/server/target/smartparking-server.jar /opt/smartparking/smartparking-server.jar
EXPOSE 1883 8080
ENTRYPOINT ["java", "-jar", "/opt/smartparking/smartparking-server.jar"]
CMD ["serve"]
