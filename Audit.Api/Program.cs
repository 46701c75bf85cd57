using Audit.Api.Auth;
using Audit.Api.Ingest;
using Audit.Api.Endpoints;
using Audit.Api.Hosting;
using Audit.Api.Queries;
using Audit.Api.Ui;
using Audit.Infrastructure;
using Hangfire;
using Serilog;

var builder = WebApplication.CreateBuilder(args);
if (CommandLine.IsCommand(args)) return await CommandLine.RunAsync(args, builder.Configuration);
builder.Services.AddAuditInfrastructure(builder.Configuration);
builder.AddAuditApi();
builder.AddAuditConsole();
builder.Services.AddAuditShipperIngest(builder.Configuration);

var app = builder.Build();
app.UseSerilogRequestLogging();
app.UseExceptionHandler();
app.UseAuditConsole();
app.UseMiddleware<QueryLogMiddleware>();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseReadReplica();
app.UseSwagger();
app.UseSwaggerUI(o => o.EnablePersistAuthorization());
app.Use(AdminDashboardAuthorization.RefuseThrottledAsync);
app.UseHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [new AdminDashboardAuthorization()], DisplayStorageConnectionString = false });

app.MapHealthEndpoints();
app.MapMetricsEndpoints();
app.MapIngestEndpoints();
app.MapCommandEndpoints();
app.MapAppEventEndpoints();
app.MapLoginEndpoints();
app.MapSudoEndpoints();
app.MapAccountChangeEndpoints();
app.MapUnparsedEndpoints();
app.MapTimelineEndpoints();
app.MapStatsEndpoints();
app.MapExecutionEndpoints();
app.MapAuditEventEndpoints();
app.MapSessionEndpoints();
app.MapAdminKeyEndpoints();
app.MapQueryLogEndpoints();
app.MapReparseEndpoints();
app.MapParseQueueEndpoints();
app.MapElasticEndpoints();
app.MapIntegrityEndpoints();
app.MapRawLineEndpoints();
app.MapAuditConsole();

await app.RunAsync();
return 0;

/// <summary>Entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
