// Managed services as flow endpoints: ECS awsvpc services, EKS, ElastiCache, RDS Proxy, Redshift,
// OpenSearch, EFS, MSK, Batch, Glue, SageMaker, CodeBuild, and SAM functions with VpcConfig from Globals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modelOf } from './model-fixtures';
import { isUnknown, type Endpoint, type NetworkModel } from '../../../server/src/model/types';
import { analyzeText, traceInModel } from '../../../server/src/analyze/analyze';

const NET = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: { CidrBlock: 10.0.0.0/16 }
  A:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24 }
  B:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: 10.0.2.0/24 }
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: app
      VpcId: !Ref Vpc
      SecurityGroupIngress: [{ IpProtocol: tcp, FromPort: 6379, ToPort: 6379, CidrIp: 10.0.0.0/16 }]
`;

function ep(m: NetworkModel, id: string): Endpoint {
  const e = m.index.endpoint.get(id);
  assert.ok(e, `${id} is an endpoint; endpoints: ${m.endpoints.map((x) => x.id).join(', ')}`);
  return e;
}

/** Each placement as "subnet:sg,sg|public". */
function shape(e: Endpoint): string[] {
  return e.placements.map((p) => {
    const s = isUnknown(p.subnet) ? `?${p.subnet.reason}` : p.subnet;
    const g = p.securityGroups.map((x) => (isUnknown(x) ? '?' : x)).join(',');
    return `${s}:${g}|${isUnknown(p.publicIp) ? '?' : p.publicIp.kind}`;
  });
}

test('ECS awsvpc service: one placement per subnet with its security groups; AssignPublicIp ENABLED gives public addresses', () => {
  const m = modelOf(`${NET}  Svc:
    Type: AWS::ECS::Service
    Properties:
      Cluster: c
      NetworkConfiguration:
        AwsvpcConfiguration: { Subnets: [!Ref A, !Ref B], SecurityGroups: [!Ref Sg], AssignPublicIp: ENABLED }
  Bridge:
    Type: AWS::ECS::Service
    Properties: { Cluster: c }
`);
  assert.deepEqual(shape(ep(m, 'Svc')), ['A:Sg|auto', 'B:Sg|auto']);
  assert.equal(ep(m, 'Svc').kind, 'service');
  const bridge = shape(ep(m, 'Bridge'));
  assert.equal(bridge.length, 1);
  assert.match(bridge[0], /^\?the service has no awsvpc NetworkConfiguration/);
});

test('subnet groups: ElastiCache and Redshift read their subnet group; no security group means the VPC default one', () => {
  const m = modelOf(`${NET}  CacheSubnets:
    Type: AWS::ElastiCache::SubnetGroup
    Properties: { Description: x, SubnetIds: [!Ref A, !Ref B] }
  Cache:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties: { ReplicationGroupDescription: x, CacheSubnetGroupName: !Ref CacheSubnets, SecurityGroupIds: [!GetAtt Sg.GroupId] }
  Cluster:
    Type: AWS::ElastiCache::CacheCluster
    Properties: { CacheNodeType: cache.t3.micro, Engine: redis, NumCacheNodes: 1, CacheSubnetGroupName: !Ref CacheSubnets }
  RsSubnets:
    Type: AWS::Redshift::ClusterSubnetGroup
    Properties: { Description: x, SubnetIds: [!Ref B] }
  Warehouse:
    Type: AWS::Redshift::Cluster
    Properties: { ClusterSubnetGroupName: !Ref RsSubnets, VpcSecurityGroupIds: [!Ref Sg], PubliclyAccessible: true, NodeType: x, DBName: d, MasterUsername: u, ClusterType: single-node }
`);
  assert.deepEqual(shape(ep(m, 'Cache')), ['A:Sg|none', 'B:Sg|none']);
  assert.deepEqual(shape(ep(m, 'Cluster')), ['A:Vpc#default-sg|none', 'B:Vpc#default-sg|none']);
  assert.deepEqual(shape(ep(m, 'Warehouse')), ['B:Sg|auto']);
});

test('EKS cluster and node group carry the cluster security group EKS adds as an unknown group; OpenSearch outside a VPC is no endpoint', () => {
  const m = modelOf(`${NET}  Eks:
    Type: AWS::EKS::Cluster
    Properties: { RoleArn: r, ResourcesVpcConfig: { SubnetIds: [!Ref A], SecurityGroupIds: [!Ref Sg] } }
  Nodes:
    Type: AWS::EKS::Nodegroup
    Properties: { ClusterName: !Ref Eks, NodeRole: r, Subnets: [!Ref A, !Ref B] }
  Search:
    Type: AWS::OpenSearchService::Domain
    Properties: { VPCOptions: { SubnetIds: [!Ref B], SecurityGroupIds: [!Ref Sg] } }
  PublicSearch:
    Type: AWS::OpenSearchService::Domain
    Properties: {}
`);
  assert.deepEqual(shape(ep(m, 'Eks')), ['A:Sg,?|none']);
  assert.deepEqual(shape(ep(m, 'Nodes')), ['A:?|none', 'B:?|none']);
  assert.deepEqual(shape(ep(m, 'Search')), ['B:Sg|none']);
  assert.equal(m.index.endpoint.get('PublicSearch'), undefined);
});

test('RDS Proxy, EFS (the file system through its mount targets), MSK, MSK Serverless, Batch, Glue, SageMaker, CodeBuild, DMS, API Gateway VPC links', () => {
  const m = modelOf(`${NET}  Proxy:
    Type: AWS::RDS::DBProxy
    Properties: { DBProxyName: p, EngineFamily: POSTGRESQL, RoleArn: r, Auth: [], VpcSubnetIds: [!Ref A, !Ref B], VpcSecurityGroupIds: [!Ref Sg] }
  Files:
    Type: AWS::EFS::FileSystem
  MountA:
    Type: AWS::EFS::MountTarget
    Properties: { FileSystemId: !Ref Files, SubnetId: !Ref A, SecurityGroups: [!Ref Sg] }
  MountB:
    Type: AWS::EFS::MountTarget
    Properties: { FileSystemId: !Ref Files, SubnetId: !Ref B, SecurityGroups: [!Ref Sg] }
  Kafka:
    Type: AWS::MSK::Cluster
    Properties: { ClusterName: k, KafkaVersion: '3.5.1', NumberOfBrokerNodes: 2, BrokerNodeGroupInfo: { InstanceType: kafka.m5.large, ClientSubnets: [!Ref A, !Ref B], SecurityGroups: [!Ref Sg] } }
  KafkaLess:
    Type: AWS::MSK::ServerlessCluster
    Properties: { ClusterName: k, ClientAuthentication: {}, VpcConfigs: [{ SubnetIds: [!Ref B], SecurityGroups: [!Ref Sg] }] }
  Batch:
    Type: AWS::Batch::ComputeEnvironment
    Properties: { Type: MANAGED, ComputeResources: { Type: FARGATE, MaxvCpus: 4, Subnets: [!Ref A], SecurityGroupIds: [!Ref Sg] } }
  Glue:
    Type: AWS::Glue::Connection
    Properties: { CatalogId: !Ref AWS::AccountId, ConnectionInput: { ConnectionType: JDBC, PhysicalConnectionRequirements: { SubnetId: !Ref B, SecurityGroupIdList: [!Ref Sg] } } }
  Model:
    Type: AWS::SageMaker::Model
    Properties: { ExecutionRoleArn: r, VpcConfig: { Subnets: [!Ref A], SecurityGroupIds: [!Ref Sg] } }
  Build:
    Type: AWS::CodeBuild::Project
    Properties: { VpcConfig: { VpcId: !Ref Vpc, Subnets: [!Ref B], SecurityGroupIds: [!Ref Sg] } }
  NoVpcBuild:
    Type: AWS::CodeBuild::Project
    Properties: {}
  DmsSubnets:
    Type: AWS::DMS::ReplicationSubnetGroup
    Properties: { ReplicationSubnetGroupDescription: d, SubnetIds: [!Ref A, !Ref B] }
  Dms:
    Type: AWS::DMS::ReplicationInstance
    Properties: { ReplicationInstanceClass: dms.t3.micro, ReplicationSubnetGroupIdentifier: !Ref DmsSubnets, VpcSecurityGroupIds: [!Ref Sg] }
  Link:
    Type: AWS::ApiGatewayV2::VpcLink
    Properties: { Name: l, SubnetIds: [!Ref B] }
`);
  assert.deepEqual(shape(ep(m, 'Proxy')), ['A:Sg|none', 'B:Sg|none']);
  assert.deepEqual(shape(ep(m, 'MountA')), ['A:Sg|none']);
  assert.deepEqual(shape(ep(m, 'Files')), ['A:Sg|none', 'B:Sg|none']);
  assert.deepEqual(shape(ep(m, 'Kafka')), ['A:Sg|none', 'B:Sg|none']);
  assert.deepEqual(shape(ep(m, 'KafkaLess')), ['B:Sg|none']);
  assert.deepEqual(shape(ep(m, 'Batch')), ['A:Sg|none']);
  assert.deepEqual(shape(ep(m, 'Glue')), ['B:Sg|none']);
  assert.deepEqual(shape(ep(m, 'Model')), ['A:Sg|none']);
  assert.deepEqual(shape(ep(m, 'Build')), ['B:Sg|none']);
  assert.equal(m.index.endpoint.get('NoVpcBuild'), undefined);
  // DMS replication instances are publicly accessible unless the template says otherwise.
  assert.deepEqual(shape(ep(m, 'Dms')), ['A:Sg|auto', 'B:Sg|auto']);
  assert.deepEqual(shape(ep(m, 'Link')), ['B:Vpc#default-sg|none']);
});

test('SAM functions take VpcConfig from Globals, lists added to the function\u2019s own', () => {
  const t = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs20.x
    VpcConfig:
      SubnetIds: [!Ref A]
      SecurityGroupIds: [!Ref Sg]
${NET.split('\n').slice(1).join('\n')}  Other:
    Type: AWS::EC2::SecurityGroup
    Properties: { GroupDescription: o, VpcId: !Ref Vpc }
  Plain:
    Type: AWS::Serverless::Function
    Properties: { Handler: i.h, CodeUri: . }
  Extended:
    Type: AWS::Serverless::Function
    Properties:
      Handler: i.h
      CodeUri: .
      VpcConfig: { SecurityGroupIds: [!Ref Other] }
`;
  const m = modelOf(t);
  assert.deepEqual(shape(ep(m, 'Plain')), ['A:Sg|none']);
  assert.deepEqual(shape(ep(m, 'Extended')), ['A:Other,Sg|none']);
});

test('a flow to an ECS service is walked to every task subnet (all-or-nothing), no longer unknown', () => {
  const t = `${NET}  Client:
    Type: AWS::EC2::Instance
    Properties: { SubnetId: !Ref A, SecurityGroupIds: [!Ref Sg] }
  Svc:
    Type: AWS::ECS::Service
    Properties:
      NetworkConfiguration:
        AwsvpcConfiguration: { Subnets: [!Ref A, !Ref B], SecurityGroups: [!Ref Sg] }
`;
  const ok = traceInModel(analyzeText(t), { from: 'Client', to: 'Svc', protocol: 'tcp', port: { from: 6379, to: 6379 } });
  assert.equal(ok.verdict, 'reachable');
  assert.match(ok.assumptions.join('\n'), /2 placement pairs were checked, all reachable/);
  const blocked = traceInModel(analyzeText(t), { from: 'Client', to: 'Svc', protocol: 'tcp', port: { from: 80, to: 80 } });
  assert.equal(blocked.verdict, 'blocked');
  assert.equal(blocked.blockedAt?.code, 'ENI_SG_RULES_MISMATCH');
});
