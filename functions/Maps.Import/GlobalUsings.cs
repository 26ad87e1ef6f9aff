global using Maps.Core.Geodesy;
global using Maps.Core.Import;
global using Maps.Core.Layers;
global using NetTopologySuite.Geometries;
