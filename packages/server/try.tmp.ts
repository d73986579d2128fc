import { createFakeRetrieval, readTestArticles } from "./test/test-retrieval.ts";
import { createRecommender } from "./src/recommendation/create-recommender.ts";
const fake = createFakeRetrieval(readTestArticles());
const r = createRecommender({ retrieval: fake.retrieval });
const x = await r.recommend({ schemas: [], text: "我老公经常喝酒，喝醉了就打我，上个月把我打得鼻青脸肿，我报了警。他还说要是我敢离婚就弄死我。我想离婚，孩子要跟我。" });
const { analysis, ...rest } = x;
console.log(JSON.stringify({ ...rest, legalBasis: rest.legalBasis.map(c => ({ ...c, text: c.text.slice(0, 40) })) }, null, 1));
