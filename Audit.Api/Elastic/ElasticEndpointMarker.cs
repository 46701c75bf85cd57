namespace Audit.Api.Elastic;

/// <summary>Endpoint metadata: this route speaks Elasticsearch (its errors, its product header).</summary>
/// <param name="Bulk">True for the bulk routes, whose refusals must follow the shipper's back-pressure rules.</param>
public sealed record ElasticEndpointMarker(bool Bulk = false);
