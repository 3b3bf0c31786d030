# syntax=docker/dockerfile:1
# kui: docker build -t kui . ; docker compose up (see docker-compose.yml)

# 1. Front-end assets: npm ci and the copy list, both from the Makefile
#    (`make assets`), so the list of files lives in one place.
#    The full node image has make and bash.
FROM node:22-bookworm AS assets
WORKDIR /src
COPY Makefile package.json package-lock.json ./
RUN make assets

# 2. The binary: templ code generated, static, no cgo.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=assets /src/web/static/vendor ./web/static/vendor
RUN go tool templ generate \
 && CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/kui ./cmd/kui

# 3. Runtime: distroless static (CA certificates, tzdata, a nonroot user, no shell).
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/kui /kui
USER nonroot:nonroot
ENV ADDR=:8080
EXPOSE 8080
# `kui healthcheck` GETs /healthz on ADDR and exits 0 or 1.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 CMD ["/kui", "healthcheck"]
ENTRYPOINT ["/kui"]
CMD ["serve"]
