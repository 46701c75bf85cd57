using Audit.Api.Auth;
using Audit.Api.Elastic;
using Audit.Api.Endpoints;
using Audit.Api.Hosting;
using Audit.Infrastructure;
using Hangfire;
using Serilog;

var builder = WebApplication.CreateBuilder(args);
if (CommandLine.IsCommand(args)) return await CommandLine.RunAsync(args, builder.Configuration);
builder.Services.AddAuditInfrastructure(builder.Configuration);
builder.AddAuditApi();
builder.Services.AddAuditShipperIngest(builder.Configuration);

var app = builder.Build();
app.UseSerilogRequestLogging();
app.UseExceptionHandler();
app.UseAuthentication();
app.UseAuthorization();
app.UseSwagger();
app.UseSwaggerUI(o => o.EnablePersistAuthorization());
app.UseHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [new AdminDashboardAuthorization()], DisplayStorageConnectionString = false });

app.MapHealthEndpoints();
app.MapMetricsEndpoints();
app.MapIngestEndpoints();
app.MapCommandEndpoints();
app.MapAppEventEndpoints();
app.MapAuthEventEndpoints();
app.MapUnparsedEndpoints();
app.MapTimelineEndpoints();
app.MapStatsEndpoints();
app.MapAuditdEndpoints();
app.MapSessionEndpoints();
app.MapAdminKeyEndpoints();
app.MapQueryLogEndpoints();
app.MapReparseEndpoints();
app.MapElasticEndpoints();
app.MapIntegrityEndpoints();

await app.RunAsync();
return 0;

/// <summary>Entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
