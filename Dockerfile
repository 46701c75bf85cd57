# Build and run the API (used by docker-compose.yml).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# npm: the console's browser libraries are vendored at build from Audit.Api/Ui/package-lock.json.
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish Audit.Api/Audit.Api.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
ENTRYPOINT ["dotnet", "Audit.Api.dll"]
