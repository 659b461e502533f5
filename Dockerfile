# The shcr image: one static binary on an empty base. It is built from a
# context that scripts/docker-build prepares (the binary, the demo data and
# an empty /tmp), because there is no registry to pull a Go image from and
# the classic builder has nothing to RUN in. TLS roots are compiled into the
# binary (golang.org/x/crypto/x509roots/fallback).
FROM scratch
COPY shcr /shcr
COPY --chown=65534:65534 tmp /tmp
COPY testdata /testdata
ENV TMPDIR=/tmp
USER 65534:65534
EXPOSE 8080
ENTRYPOINT ["/shcr"]
CMD ["serve", "--config", "/etc/shcr/shcr.yaml"]
