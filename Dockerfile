# One image for every webjobs service; the command picks the role (orchestrator, runner, up).
# Build the jar first: mvn -B verify  (writes orchestrator/target/webjobs.jar)
FROM eclipse-temurin:17-jre
# bash runs the jobs' .sh scripts
RUN mkdir -p /data && useradd --system --home /data webjobs && chown webjobs /data
COPY orchestrator/target/webjobs.jar /opt/webjobs/webjobs.jar
USER webjobs
WORKDIR /data
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/webjobs/webjobs.jar"]
CMD ["--help"]
